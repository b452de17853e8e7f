from tests.conftest import claim_input
from workflow.services import claims, queries


def test_submitted_claim_waits_in_its_township_queue(session_factory, runtime, actors):
    with session_factory.begin() as session:
        claim = claims.submit_claim(session, runtime, actors["applicant"], claim_input())
    with session_factory.begin() as session:
        items, total = queries.queue(session, actors["township"], queries.QueueFilter())
        others, other_total = queries.queue(session, actors["other_township"],
                                            queries.QueueFilter())
    assert total == 1 and items[0].claim.reference == claim.reference
    assert other_total == 0 and others == []
