{#-
    One row per media mix x period x unordered channel pair (channel_a < channel_b): both
    reaches, the overlap reach R_ab (0 without an overlap row; pairs given in either order are
    merged), the de-duplicated reach of the pair by inclusion–exclusion R_a + R_b − R_ab, the
    overlap as a share of the smaller reach, and the overlap angle Φ_ab.

    Φ_ab is the angle between the two audiences seen as 0/1 vectors over people: their dot
    product is R_ab and their squared lengths R_a and R_b, so cos Φ_ab = R_ab / sqrt(R_a·R_b)
    (the Ochiai coefficient). Φ = 90° for disjoint audiences, 0° for identical ones, and the
    pair's reach decomposes as R_a∪b = R_a + R_b − cos Φ_ab · sqrt(R_a·R_b), the design's
    E_xy = E_x + S_y·cos Φ_xy with the overlap term made symmetric. Null when a reach is 0.
-#}
{%- set mixes = declared_media_mixes() -%}
{%- set with_overlap = mixes | selectattr('overlap') | list -%}

with

channel_periods as (

    select * from {{ ref('int_media_mix_channel_periods') }}

),

{% for mix in with_overlap -%}
    {{ mix.name }}__overlap as (

        select
            '{{ mix.name }}' as media_mix_name,
            {{ media_mix_period(mix) }} as ts,
            least(cast(channel_a as varchar), cast(channel_b as varchar)) as channel_a,
            greatest(cast(channel_a as varchar), cast(channel_b as varchar)) as channel_b,
            cast(sum(overlap_reach) as double) as overlap_reach
        from {{ media_mix_relation(mix, 'overlap') }}
        group by 1, 2, 3, 4

    ),

{% endfor -%}
overlap as (

    {{ union_analysis_ctes(
        with_overlap,
        'overlap',
        [('media_mix_name', 'varchar'), ('ts', 'timestamp'), ('channel_a', 'varchar'), ('channel_b', 'varchar'), ('overlap_reach', 'double')]
    ) }}

),

pairs as (

    select
        channel_a.media_mix_name,
        channel_a.ts,
        channel_a.channel as channel_a,
        channel_b.channel as channel_b,
        channel_a.reach as reach_a,
        channel_b.reach as reach_b
    from channel_periods as channel_a
    inner join channel_periods as channel_b
        on
            channel_a.media_mix_name = channel_b.media_mix_name
            and channel_a.ts = channel_b.ts
            and channel_a.channel < channel_b.channel

),

joined as (

    select
        pairs.*,
        coalesce(overlap.overlap_reach, 0) as overlap_reach
    from pairs
    left join overlap
        on
            pairs.media_mix_name = overlap.media_mix_name
            and pairs.ts = overlap.ts
            and pairs.channel_a = overlap.channel_a
            and pairs.channel_b = overlap.channel_b

),

final as (

    select
        media_mix_name,
        ts,
        channel_a,
        channel_b,
        reach_a,
        reach_b,
        overlap_reach,
        reach_a + reach_b - overlap_reach as deduplicated_reach,
        overlap_reach / nullif(least(reach_a, reach_b), 0) as overlap_share_of_smaller,
        case
            when reach_a > 0 and reach_b > 0
                then acos(least(1.0, overlap_reach / sqrt(reach_a * reach_b)))
        end as overlap_angle_radians
    from joined

)

select * from final
