{#-
    Incremental: overlap reach arrives an hour at a time and an hour can be restated. Each run
    loads the source rows that are new or differ from the stored ones, replacing the stored pair
    x hour (delete+insert on the key); rows deleted upstream stay until `--full-refresh`.
-#}
{{ config(
    materialized='incremental',
    unique_key=['ts', 'channel_a', 'channel_b'],
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}

with

source as (

    select * from {{ source('raw', 'channel_overlap') }}

),

renamed as (

    select
        cast(ts as timestamp) as ts,
        cast(channel_a as varchar) as channel_a,
        cast(channel_b as varchar) as channel_b,
        cast(overlap_reach as double) as overlap_reach
    from source

),

final as (

    {{ new_or_changed_rows('renamed') }}

)

select * from final
