{#-
    One row per experiment x arm in declared order: the planned share and its interval
    [share_lower, share_upper) of the cumulative split.
-#}
{%- set experiments = declared_experiments() -%}

with

{% for experiment in experiments -%}
    {{ experiment.name }}__arms as (

        {%- set cumulative = namespace(lower=0.0) %}
        {%- for arm, share in experiment.arms.items() %}

            select
                '{{ experiment.name }}' as experiment_name,
                '{{ arm }}' as arm,
                {{ loop.index }} as arm_order,
                cast({{ share }} as double) as planned_share,
                cast({{ cumulative.lower }} as double) as share_lower,
                cast({{ 1.0 if loop.last else cumulative.lower + share }} as double) as share_upper
            {%- set cumulative.lower = cumulative.lower + share %}
            {%- if not loop.last %}

                union all
            {%- endif %}
        {%- endfor %}

    ),

{% endfor -%}
unioned as (

    {{ union_analysis_ctes(
        experiments,
        'arms',
        [('experiment_name', 'varchar'), ('arm', 'varchar'), ('arm_order', 'integer'), ('planned_share', 'double'), ('share_lower', 'double'), ('share_upper', 'double')]
    ) }}

),

final as (

    select * from unioned

)

select * from final
