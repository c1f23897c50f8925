"""Human-readable reports over the published marts."""
