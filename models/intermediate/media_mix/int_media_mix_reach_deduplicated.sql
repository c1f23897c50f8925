{#-
    One row per media mix x period: gross reach (the channels' reaches summed), the pairwise
    overlap summed over pairs, and the de-duplicated reach by second-order inclusion–exclusion,
    Σ R_c − Σ R_ab: exact when no person is reached by three channels in the period, otherwise
    a lower bound (Bonferroni).
-#}
with

channel_periods as (

    select * from {{ ref('int_media_mix_channel_periods') }}

),

overlap_pairs as (

    select * from {{ ref('int_media_mix_overlap_pairs') }}

),

gross as (

    select
        media_mix_name,
        ts,
        sum(reach) as gross_reach
    from channel_periods
    group by media_mix_name, ts

),

overlapping as (

    select
        media_mix_name,
        ts,
        sum(overlap_reach) as pairwise_overlap_reach
    from overlap_pairs
    group by media_mix_name, ts

),

final as (

    select
        gross.media_mix_name,
        gross.ts,
        gross.gross_reach,
        coalesce(overlapping.pairwise_overlap_reach, 0) as pairwise_overlap_reach,
        gross.gross_reach - coalesce(overlapping.pairwise_overlap_reach, 0) as deduplicated_reach
    from gross
    left join overlapping
        on gross.media_mix_name = overlapping.media_mix_name and gross.ts = overlapping.ts

)

select * from final
