"""Ad panel beta(X): heterogeneous click-to-revenue slopes net of high-dimensional fixed effects."""
