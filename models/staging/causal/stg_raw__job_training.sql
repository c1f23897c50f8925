with

source as (

    select * from {{ source('raw', 'job_training') }}

),

renamed as (

    select
        ----------  ids
        cast(person_id as varchar) as person_id,

        ----------  pre-treatment covariates
        cast(age as integer) as age,
        cast(education_years as integer) as education_years,
        cast(is_black as integer) as is_black,
        cast(is_hispanic as integer) as is_hispanic,
        cast(is_married as integer) as is_married,
        cast(has_no_degree as integer) as has_no_degree,
        cast(earnings_1y_prior as double) as earnings_1y_prior,
        cast(earnings_2y_prior as double) as earnings_2y_prior,
        cast(is_unemployed_1y_prior as integer) as is_unemployed_1y_prior,
        cast(is_unemployed_2y_prior as integer) as is_unemployed_2y_prior,

        ----------  treatment
        cast(is_trained as integer) as is_trained,

        ----------  outcome ($1,000)
        cast(earnings_after as double) as earnings_after

    from source

)

select * from renamed
