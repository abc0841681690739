"""Documents made from an assessment: JSON status, report, Nagios check, Prometheus metrics, calendar."""
