{#-
    One row per media mix x period of the metrics' range: the outcome summed over the period's
    hours and the period's 1-based index.
-#}
{%- set mixes = declared_media_mixes() -%}

with

channel_periods as (

    select * from {{ ref('int_media_mix_channel_periods') }}

),

ranges as (

    select
        media_mix_name,
        min(ts) as first_ts,
        max(ts) as last_ts
    from channel_periods
    group by media_mix_name

),

{% for mix in mixes -%}
    {{ mix.name }}__outcome as (

        select
            '{{ mix.name }}' as media_mix_name,
            {{ media_mix_period(mix) }} as ts,
            cast(sum(value) as double) as outcome_value
        from {{ media_mix_relation(mix, 'outcome') }}
        group by {{ media_mix_period(mix) }}

    ),

{% endfor -%}
unioned as (

    {{ union_analysis_ctes(
        mixes,
        'outcome',
        [('media_mix_name', 'varchar'), ('ts', 'timestamp'), ('outcome_value', 'double')]
    ) }}

),

final as (

    select
        unioned.media_mix_name,
        unioned.ts,
        cast(row_number() over (partition by unioned.media_mix_name order by unioned.ts) as integer) as period_index,
        unioned.outcome_value
    from unioned
    inner join ranges
        on
            unioned.media_mix_name = ranges.media_mix_name
            and unioned.ts between ranges.first_ts and ranges.last_ts

)

select * from final
