{#-
    Every scheduled refresh, passed or failed, from the run log beside the published warehouse
    (`impactlytics refresh` sets IMPACTLYTICS_RUN_LOG). A view, so readers of the published file
    see runs recorded after it was built; empty when the project is built without a refresh.
-#}
{{ config(materialized='view') }}
{%- set run_log = env_var('IMPACTLYTICS_RUN_LOG', '') -%}

with

runs as (

    {% if run_log -%}
        select * from {{ read_json_lines(run_log, {
            'run_id': 'varchar',
            'git_revision': 'varchar',
            'started_at': 'timestamp',
            'ended_at': 'timestamp',
            'status': 'varchar',
            'dbt_args': 'varchar[]',
            'failing_nodes': 'varchar[]',
            'row_counts': 'json',
            'message': 'varchar',
        }) }}
    {%- else -%}
        select
            cast(null as varchar) as run_id,
            cast(null as varchar) as git_revision,
            cast(null as timestamp) as started_at,
            cast(null as timestamp) as ended_at,
            cast(null as varchar) as status,
            cast(null as varchar[]) as dbt_args,
            cast(null as varchar[]) as failing_nodes,
            cast(null as json) as row_counts,
            cast(null as varchar) as message
        where false
    {%- endif %}

),

final as (

    select
        run_id,
        git_revision,
        started_at,
        ended_at,
        status,
        message,
        cast(date_diff('millisecond', started_at, ended_at) / 1000.0 as double) as duration_s,
        array_to_string(dbt_args, ' ') as dbt_args,
        array_to_string(failing_nodes, ', ') as failing_nodes,
        cast(len(failing_nodes) as integer) as n_failing_nodes,
        cast(row_counts as varchar) as mart_row_counts
    from runs

)

select * from final
