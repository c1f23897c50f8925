"""Per period and channel, the outcome lost if the channel's activity were zero."""

from impactlytics.media_mix.inputs import load_media_mixes
from impactlytics.media_mix.tables import contributions_table
from impactlytics.progress import log_progress_to_stderr


def model(dbt, session):
    dbt.config(materialized="table")
    log_progress_to_stderr()
    media_mixes = load_media_mixes(
        declared=dbt.ref("int_media_mixes_declared").df(),
        channel_periods=dbt.ref("int_media_mix_channel_periods").df(),
        outcome_periods=dbt.ref("int_media_mix_outcome_periods").df(),
        time_features=dbt.ref("int_media_mix_time_features").df(),
        overlap_pairs=dbt.ref("int_media_mix_overlap_pairs").df(),
    )
    return contributions_table(media_mixes, dbt.ref("media_mix_fits").df())
