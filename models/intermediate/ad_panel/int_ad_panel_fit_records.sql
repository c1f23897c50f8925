{#- The fit records of both estimators in one relation, for the ad-panel marts to select from. -#}
{{ config(materialized='view') }}

with

linear_fits as (

    select * from {{ ref('ad_panel_linear_fits') }}

),

network_fits as (

    select * from {{ ref('ad_panel_network_fits') }}

),

unioned as (

    select * from linear_fits
    union all
    select * from network_fits

)

select * from unioned
