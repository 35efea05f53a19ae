"""Programme reporting: targets, the dashboard, charts and exports."""
