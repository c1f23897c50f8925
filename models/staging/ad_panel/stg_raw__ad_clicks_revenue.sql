{#-
    Incremental: the panel grows a period at a time and a row can arrive late or be re-sent
    corrected. Each run loads the source rows that are new or differ from the stored ones,
    replacing the stored row (delete+insert on row_id); rows deleted upstream stay until
    `--full-refresh`.
-#}
{{ config(
    materialized='incremental',
    unique_key='row_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}

with

source as (

    select * from {{ source('raw', 'ad_clicks_revenue') }}

),

renamed as (

    select
        ----------  ids
        cast(row_id as bigint) as row_id,
        cast(user_id as bigint) as user_id,
        cast(vendor_id as bigint) as vendor_id,
        cast(period as integer) as period,

        ----------  features
        cast(user_age as double) as user_age,
        cast(user_tenure as double) as user_tenure,
        cast(vendor_rating as double) as vendor_rating,
        cast(vendor_size as double) as vendor_size,

        ----------  slope and outcomes
        cast(clicks as double) as clicks,
        cast(revenue as double) as revenue,
        cast(revenue_linear as double) as revenue_linear

    from source

),

final as (

    {{ new_or_changed_rows('renamed') }}

)

select * from final
