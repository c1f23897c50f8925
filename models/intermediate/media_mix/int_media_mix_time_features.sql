{#-
    The baseline design of every media mix, long: one row per media mix x period x feature.
    trend: (t − t0) / (t1 − t0) over the range. Fourier terms sin/cos(2πk·h/P) of the hours h
    since the Unix epoch for the 24-hour (P = 24, hour grain only), weekly (P = 168) and yearly
    (P = 8766, only when the range spans at least 90 days; a shorter range cannot tell a yearly
    cycle from the trend) cycles, k = 1..fourier_harmonics[cycle]. Calendar controls:
    calendar_weekend (Saturday or Sunday) and calendar_month_start (first two days of a month).
    Declared controls: control_<name>, averaged over the period's hours.
-#}
{%- set mixes = declared_media_mixes() -%}

with

outcome_periods as (

    select * from {{ ref('int_media_mix_outcome_periods') }}

),

ranges as (

    select
        media_mix_name,
        min(ts) as first_ts,
        max(ts) as last_ts,
        {{ hours_since_epoch('max(ts)') }} - {{ hours_since_epoch('min(ts)') }} as span_hours
    from outcome_periods
    group by media_mix_name

),

{% for mix in mixes -%}
    {{ mix.name }}__cycles as (

        select
            '{{ mix.name }}' as media_mix_name,
            'daily' as cycle_name,
            24.0 as period_hours,
            {{ mix.fourier_harmonics.daily if mix.grain == 'hour' else 0 }} as n_harmonics

        union all

        select
            '{{ mix.name }}' as media_mix_name,
            'weekly' as cycle_name,
            168.0 as period_hours,
            {{ mix.fourier_harmonics.weekly }} as n_harmonics

        union all

        select
            '{{ mix.name }}' as media_mix_name,
            'yearly' as cycle_name,
            8766.0 as period_hours,
            {{ mix.fourier_harmonics.yearly }} as n_harmonics

    ),

    {% if mix.controls -%}
        {{ mix.name }}__controls as (

            select
                '{{ mix.name }}' as media_mix_name,
                {{ media_mix_period(mix) }} as ts,
                'control_' || cast(name as varchar) as feature,
                cast(avg(value) as double) as value
            from {{ media_mix_relation(mix, 'controls') }}
            group by 1, 2, 3

        ),

    {% endif -%}
{% endfor -%}
cycles as (

    {{ union_analysis_ctes(
        mixes,
        'cycles',
        [('media_mix_name', 'varchar'), ('cycle_name', 'varchar'), ('period_hours', 'double'), ('n_harmonics', 'integer')]
    ) }}

),

harmonics as (

    select
        cycles.media_mix_name,
        cycles.cycle_name,
        cycles.period_hours,
        numbers.period_index as harmonic
    from cycles
    inner join outcome_periods as numbers
        on
            cycles.media_mix_name = numbers.media_mix_name
            and cycles.n_harmonics >= numbers.period_index

),

waves as (

    select 'sin' as wave

    union all

    select 'cos' as wave

),

declared_controls as (

    {{ union_analysis_ctes(
        mixes | selectattr('controls') | list,
        'controls',
        [('media_mix_name', 'varchar'), ('ts', 'timestamp'), ('feature', 'varchar'), ('value', 'double')]
    ) }}

),

periods as (

    select
        outcome_periods.media_mix_name,
        outcome_periods.ts,
        {{ hours_since_epoch('outcome_periods.ts') }} as epoch_hours,
        ranges.span_hours
    from outcome_periods
    inner join ranges on outcome_periods.media_mix_name = ranges.media_mix_name

),

fourier as (

    select
        periods.media_mix_name,
        periods.ts,
        'fourier_' || harmonics.cycle_name || '_' || waves.wave || '_'
        || cast(harmonics.harmonic as varchar) as feature,
        case
            when waves.wave = 'sin'
                then sin(2 * pi() * harmonics.harmonic * periods.epoch_hours / harmonics.period_hours)
            else cos(2 * pi() * harmonics.harmonic * periods.epoch_hours / harmonics.period_hours)
        end as value
    from periods
    inner join harmonics on periods.media_mix_name = harmonics.media_mix_name
    cross join waves
    where harmonics.cycle_name <> 'yearly' or periods.span_hours >= 90 * 24

),

calendar as (

    select
        periods.media_mix_name,
        periods.ts,
        'trend' as feature,
        periods.epoch_hours - min(periods.epoch_hours) over (partition by periods.media_mix_name) as value
    from periods

    union all

    select
        media_mix_name,
        ts,
        'calendar_weekend' as feature,
        case when extract(dow from ts) in (0, 6) then 1.0 else 0.0 end as value
    from periods

    union all

    select
        media_mix_name,
        ts,
        'calendar_month_start' as feature,
        case when extract(day from ts) <= 2 then 1.0 else 0.0 end as value
    from periods

),

scaled_calendar as (

    select
        calendar.media_mix_name,
        calendar.ts,
        calendar.feature,
        case
            when calendar.feature = 'trend' then calendar.value / nullif(ranges.span_hours, 0)
            else calendar.value
        end as value
    from calendar
    inner join ranges on calendar.media_mix_name = ranges.media_mix_name

),

final as (

    select * from fourier
    union all
    select * from scaled_calendar
    union all
    select declared_controls.*
    from declared_controls
    inner join outcome_periods
        on
            declared_controls.media_mix_name = outcome_periods.media_mix_name
            and declared_controls.ts = outcome_periods.ts

)

select * from final
