with

source as (

    select * from {{ source('truth', 'ad_true_slopes') }}

),

renamed as (

    select
        cast(row_id as varchar) as row_id,
        cast(true_slope as double) as true_slope,
        cast(true_slope_linear as double) as true_slope_linear,
        cast(noise as double) as noise

    from source

)

select * from renamed
