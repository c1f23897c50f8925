{#-
    One row per media mix x period x channel at the mix's grain (hours summed into days at
    grain day): spend, impressions, gross reach, frequency, the driver of carryover and
    saturation, and efficiency features: CPM, cost per thousand reached and, when the mix
    declares audience_size, cost per reach point (1% of the audience reached).
-#}
{%- set mixes = declared_media_mixes() -%}

with

declared as (

    select * from {{ ref('int_media_mixes_declared') }}

),

{% for mix in mixes -%}
    {%- set channels = media_mix_channels(mix) -%}
    {{ mix.name }}__channels as (

        select
            '{{ mix.name }}' as media_mix_name,
            {{ media_mix_period(mix) }} as ts,
            cast(channel as varchar) as channel,
            cast(sum(spend) as double) as spend,
            cast(sum(impressions) as double) as impressions,
            cast(sum(reach) as double) as reach,
            cast(sum({{ adapter.quote(mix.driver) }}) as double) as driver_value,
            cast({{ mix.audience_size if mix.audience_size else 'null' }} as double) as audience_size
        from {{ media_mix_relation(mix, 'metrics') }}
        where {{ "channel in ('" ~ channels | join("', '") ~ "')" if channels else 'true' }}
        group by 1, 2, 3

    ),

{% endfor -%}
unioned as (

    {{ union_analysis_ctes(
        mixes,
        'channels',
        [('media_mix_name', 'varchar'), ('ts', 'timestamp'), ('channel', 'varchar'), ('spend', 'double'), ('impressions', 'double'), ('reach', 'double'), ('driver_value', 'double'), ('audience_size', 'double')]
    ) }}

),

final as (

    select
        unioned.media_mix_name,
        unioned.ts,
        unioned.channel,
        unioned.spend,
        unioned.impressions,
        unioned.reach,
        coalesce(unioned.impressions / nullif(unioned.reach, 0), 0) as frequency,
        unioned.driver_value,
        1000 * unioned.spend / nullif(unioned.impressions, 0) as cpm,
        1000 * unioned.spend / nullif(unioned.reach, 0) as cost_per_thousand_reach,
        unioned.spend / nullif(100 * unioned.reach / unioned.audience_size, 0) as cost_per_reach_point
    from unioned
    inner join declared on unioned.media_mix_name = declared.media_mix_name

)

select * from final
