"""Money documents: bank disbursement files out, bank result files in. Plain data, bytes."""
