with

source as (

    select * from {{ source('campaigns_truth', 'campaign_predictability') }}

),

renamed as (

    select
        cast(target as varchar) as target,  -- noqa: RF04
        cast(achievable_r2 as double) as achievable_r2,
        cast(explained_variance as double) as explained_variance,
        cast(noise_variance as double) as noise_variance

    from source

)

select * from renamed
