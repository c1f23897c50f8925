{#-
    Incremental: the panel grows by a week at a time, and a week can arrive late or be re-sent
    corrected. Each run inserts the source rows that are new or differ from the stored ones
    (`except`), replacing the stored row of the same user x week (delete+insert on the key), so
    late and re-sent rows land whatever their week; rows deleted upstream stay until
    `--full-refresh`.
-#}
{{ config(
    materialized='incremental',
    unique_key=['user_id', 'week_index'],
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}

with

source as (

    select * from {{ source('raw', 'user_engagement_weekly') }}

),

renamed as (

    select
        ----------  ids
        cast(user_id as varchar) as user_id,
        cast(week_index as integer) as week_index,

        ----------  user attributes (pre-treatment)
        cast(segment as varchar) as segment,
        cast(plan as varchar) as plan,
        cast(cohort as varchar) as cohort,
        cast(user_type as varchar) as user_type,
        cast(tenure_weeks as integer) as tenure_weeks,

        ----------  exposures
        cast(is_exposed as integer) as is_exposed,
        cast(is_exposed_autoplay as integer) as is_exposed_autoplay,

        ----------  outcomes
        cast(minutes_watched as double) as minutes_watched,
        cast(sessions as double) as sessions,

        ----------  dates
        cast(week_start_date as date) as week_start_date

    from source

),

final as (

    {{ new_or_changed_rows('renamed') }}

)

select * from final
