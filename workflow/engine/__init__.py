"""The only package that imports SpiffWorkflow: parse, run, serialize, fire timers."""
