{#-
    Incremental: hourly delivery arrives an hour at a time and a platform can restate an hour.
    Each run loads the source rows that are new or differ from the stored ones, replacing the
    stored channel x hour (delete+insert on the key); rows deleted upstream stay until `--full-
    refresh`.
-#}
{{ config(
    materialized='incremental',
    unique_key=['ts', 'channel'],
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}

with

source as (

    select * from {{ source('raw', 'channel_metrics') }}

),

renamed as (

    select
        ----------  keys
        cast(ts as timestamp) as ts,
        cast(channel as varchar) as channel,

        ----------  delivery
        cast(spend as double) as spend,
        cast(impressions as double) as impressions,
        cast(reach as double) as reach,
        cast(frequency as double) as frequency

    from source

),

final as (

    {{ new_or_changed_rows('renamed') }}

)

select * from final
