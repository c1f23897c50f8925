with

contributions as (

    select * from {{ ref('media_mix_contributions') }}

),

final as (

    select
        cast(media_mix_name as varchar) as media_mix,
        cast(ts as timestamp) as ts,
        cast(channel as varchar) as channel,
        cast(contribution as double) as contribution,
        cast(lower as double) as contribution_lower,
        cast(upper as double) as contribution_upper
    from contributions

)

select * from final
