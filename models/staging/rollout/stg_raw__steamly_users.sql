with

source as (

    select * from {{ source('raw', 'steamly_users') }}

),

renamed as (

    select
        ----------  ids
        cast(user_id as varchar) as user_id,

        ----------  user attributes
        cast(segment as varchar) as segment,
        cast(plan as varchar) as plan,
        cast(cohort as varchar) as cohort,
        cast(user_type as varchar) as user_type,
        cast(tenure_weeks as integer) as tenure_weeks,

        ----------  pre-period metric and a past test's logged arm
        cast(pre_period_minutes as double) as pre_period_minutes,
        cast(autoplay_test_arm as varchar) as autoplay_test_arm

    from source

)

select * from renamed
