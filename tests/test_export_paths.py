"""Where an export writes (bad-inputs H7): exactly the path given. A symlink at that path is
replaced by the new file (an atomic rename), never followed into the file it points to."""

from __future__ import annotations

import actorgraph


def test_a_symlink_at_the_target_is_replaced_not_followed(tmp_path):
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not yours\n", encoding="utf-8")
    target = tmp_path / "out.ttl"
    target.symlink_to(elsewhere)
    actorgraph.load().export(target)
    assert not target.is_symlink() and target.stat().st_size > 0
    assert elsewhere.read_text(encoding="utf-8") == "not yours\n"
