{#-
    Incremental: the outcome arrives an hour at a time and an hour can be restated. Each run
    loads the source rows that are new or differ from the stored ones, replacing the stored hour
    (delete+insert on ts); rows deleted upstream stay until `--full-refresh`.
-#}
{{ config(
    materialized='incremental',
    unique_key='ts',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}

with

source as (

    select * from {{ source('raw', 'media_outcomes') }}

),

renamed as (

    select
        cast(ts as timestamp) as ts,
        cast(value as double) as value
    from source

),

final as (

    {{ new_or_changed_rows('renamed') }}

)

select * from final
