with

source as (

    select * from {{ source('truth', 'ad_true_fixed_effects') }}

),

renamed as (

    select
        cast(dimension as varchar) as dimension,
        cast(level as varchar) as level_value,
        cast(true_effect as double) as true_effect

    from source

)

select * from renamed
