"""Moved to `workflow.domain.policy.pengyang.catalogue_versions` (issue 19: a pack owns its rules).

Kept only so that code written against the old path on other branches still imports; new code
imports the pack's module. Remove once nothing imports this one.
"""

from workflow.domain.policy.pengyang.catalogue_versions import *  # noqa: F403
