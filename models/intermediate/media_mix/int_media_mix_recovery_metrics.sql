{#-
    How well each media mix with a declared `truth` recovered the simulated channels: per
    channel the ROI's relative error (estimate / truth − 1), whether the 90% ROI interval covers
    the true ROI (1/0) and the carryover half-life's relative error; per media mix the ROI mean
    absolute relative error (MARE), the largest absolute ROI error, the ROI interval coverage
    and the half-life MARE.
-#}
{%- set mixes = declared_media_mixes() | selectattr('truth') | list -%}

with

roi as (

    select * from {{ ref('fct_media_roi') }}

),

parameters as (

    select * from {{ ref('fct_media_channel_parameters') }}
    where parameter = 'half_life_hours'

),

{% for mix in mixes -%}
    {{ mix.name }}__truth as (

        select
            '{{ mix.name }}' as media_mix_name,
            cast(channel as varchar) as channel,
            cast(true_roi as double) as true_roi,
            cast(half_life_hours as double) as true_half_life_hours
        from {{ media_mix_relation(mix, 'truth') }}

    ),

{% endfor -%}
truth as (

    {{ union_analysis_ctes(
        mixes,
        'truth',
        [('media_mix_name', 'varchar'), ('channel', 'varchar'), ('true_roi', 'double'), ('true_half_life_hours', 'double')]
    ) }}

),

channels as (

    select
        roi.media_mix,
        roi.channel,
        truth.true_roi,
        roi.roi / truth.true_roi - 1 as roi_relative_error,
        case when truth.true_roi between roi.roi_lower and roi.roi_upper then 1.0 else 0.0 end as roi_interval_covers,
        parameters.estimate / truth.true_half_life_hours - 1 as half_life_relative_error
    from roi
    inner join truth
        on roi.media_mix = truth.media_mix_name and roi.channel = truth.channel
    left join parameters
        on roi.media_mix = parameters.media_mix and roi.channel = parameters.channel

),

overall as (

    select
        media_mix,
        avg(abs(roi_relative_error)) as roi_mare,
        max(abs(roi_relative_error)) as roi_max_abs_relative_error,
        avg(roi_interval_covers) as roi_interval_coverage,
        avg(abs(half_life_relative_error)) as half_life_mare
    from channels
    group by media_mix

),

metrics as (

    {{ metric_rows(
        'channels',
        ['media_mix as analysis', 'channel as outcome', 'cast(null as varchar) as estimator'],
        ['true_roi', 'roi_relative_error', 'roi_interval_covers', 'half_life_relative_error'],
    ) }}

    union all
    {{ metric_rows(
        'overall',
        ['media_mix as analysis', 'cast(null as varchar) as outcome', 'cast(null as varchar) as estimator'],
        ['roi_mare', 'roi_max_abs_relative_error', 'roi_interval_coverage', 'half_life_mare'],
    ) }}

),

final as (

    select * from metrics

)

select * from final
