{#-
    Per media mix and channel pair: reach and overlap over the range, the overlap angle, and the
    fitted overlap effect.
-#}
with

overlap_pairs as (

    select * from {{ ref('int_media_mix_overlap_pairs') }}

),

estimates as (

    select * from {{ ref('media_mix_estimates') }}
    where quantity = 'overlap_effect'

),

totals as (

    select
        media_mix_name,
        channel_a,
        channel_b,
        sum(reach_a) as reach_a,
        sum(reach_b) as reach_b,
        sum(overlap_reach) as overlap_reach,
        sum(deduplicated_reach) as deduplicated_reach,
        degrees(
            acos(least(1.0, sum(overlap_reach) / nullif(sqrt(sum(reach_a) * sum(reach_b)), 0)))
        ) as overlap_angle_degrees,
        avg(degrees(overlap_angle_radians)) as mean_period_overlap_angle_degrees,
        count(*) filter (where overlap_reach > 0) as n_periods_overlapping
    from overlap_pairs
    group by media_mix_name, channel_a, channel_b

),

final as (

    select
        cast(totals.media_mix_name as varchar) as media_mix,
        cast(totals.channel_a as varchar) as channel_a,
        cast(totals.channel_b as varchar) as channel_b,
        cast(totals.reach_a as double) as reach_a,
        cast(totals.reach_b as double) as reach_b,
        cast(totals.overlap_reach as double) as overlap_reach,
        cast(totals.deduplicated_reach as double) as deduplicated_reach,
        cast(
            totals.overlap_reach / nullif(least(totals.reach_a, totals.reach_b), 0) as double
        ) as overlap_share_of_smaller,
        cast(totals.overlap_angle_degrees as double) as overlap_angle_degrees,
        cast(totals.mean_period_overlap_angle_degrees as double) as mean_period_overlap_angle_degrees,
        cast(totals.n_periods_overlapping as bigint) as n_periods_overlapping,
        cast(estimates.estimate as double) as overlap_effect,
        cast(estimates.lower as double) as overlap_effect_lower,
        cast(estimates.upper as double) as overlap_effect_upper
    from totals
    left join estimates
        on
            totals.media_mix_name = estimates.media_mix_name
            and totals.channel_a = estimates.channel
            and totals.channel_b = estimates.channel_b

)

select * from final
