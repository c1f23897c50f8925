{#-
    Stratified assignment: within each experiment x stratum, units are ordered by their salted
    hash (then id), and the unit of rank r among n takes the arm whose cumulative share interval
    [lower, upper) holds (r - 1 + o) / n, o the stratum's hashed random start in [0, 1). Every
    stratum is split in the planned shares up to one unit per arm (systematic sampling with a
    random start, so no arm gets the rounding leftovers systematically), in an order no one
    chooses; the same units and salt give the same arms.
-#}
with

units as (

    select * from {{ ref('int_experiment_units_hashed') }}

),

arms as (

    select * from {{ ref('int_experiment_arms') }}

),

ranked as (

    select
        experiment_name,
        unit_id,
        stratum,
        hash_value,
        metric_value,
        observed_arm,
        stratum_offset,
        row_number() over (
            partition by experiment_name, stratum order by hash_value, unit_id
        ) as stratum_rank,
        count(*) over (partition by experiment_name, stratum) as stratum_size
    from units

),

final as (

    select
        ranked.experiment_name,
        ranked.unit_id,
        ranked.stratum,
        arms.arm,
        arms.arm_order,
        ranked.hash_value,
        ranked.stratum_rank,
        ranked.stratum_size,
        ranked.metric_value,
        ranked.observed_arm
    from ranked
    inner join arms
        on
            ranked.experiment_name = arms.experiment_name
            and (ranked.stratum_rank - 1 + ranked.stratum_offset) / ranked.stratum_size >= arms.share_lower
            and (ranked.stratum_rank - 1 + ranked.stratum_offset) / ranked.stratum_size < arms.share_upper

)

select * from final
