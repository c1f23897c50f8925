{#-
    One row per rollout x unit x covariate, taken from the unit's first observed period (covariates
    are pre-treatment). Numeric covariates are cast to double; each categorical column becomes one
    0/1 indicator per observed level, named '<column>=<level>'.
-#}
{%- set rollouts = declared_rollouts() -%}

with

{% for rollout in rollouts -%}
    {{ rollout.name }}__ranked as (

        select
            *,
            row_number() over (
                partition by {{ adapter.quote(rollout.unit) }} order by _period_index
            ) as _row_number
        from {{ rollout_rows(rollout) }} as rollout_rows

    ),

    {{ rollout.name }}__rows as (

        select * from {{ rollout.name }}__ranked
        where _row_number = 1

    ),

    {{ unpivoted_covariate_ctes(rollout.name, 'rollout_name', rollout.unit, rollout.covariates, rollout.categorical) }}

{% endfor -%}
unioned as (

    {{ union_analysis_ctes(
        rollouts,
        'covariates',
        [('rollout_name', 'varchar'), ('unit_id', 'varchar'), ('covariate_name', 'varchar'), ('source_column', 'varchar'), ('is_one_hot', 'boolean'), ('covariate_value', 'double')]
    ) }}

),

final as (

    select * from unioned

)

select * from final
