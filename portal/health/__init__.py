"""`/healthz`: whether this app server can serve, for a load balancer."""
