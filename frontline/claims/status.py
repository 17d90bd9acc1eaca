"""The status rule: what a claim's responses make of it (:func:`derive_status`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from frontline._errors import ClaimsValidationError
from frontline.claims._responses import parse_responses, status_of
from frontline.claims._values import parse_choice
from frontline.claims.problems import ClaimProblem
from frontline.claims.schema import SIDES

__all__ = ["derive_status"]


def derive_status(
    responses: Sequence[Mapping[str, Any]] | str | None, side: str, *, claimant: str | None = None
) -> str:
    """A claim's status from its responses and the claimant's side.

    The rule, in order:

    1. Each response gets a *role* from the responder's side and the claim's side:

       ===============  ==============================  =============  ==============
       claim side       responder                       independent=   role
       ===============  ==============================  =============  ==============
       any              any                             True           independent
       RU or UA         same side                       None / False   own
       RU or UA         the other belligerent           None / False   other side
       RU or UA         third party                     None           independent
       RU or UA         third party                     False          interested
       third party      RU or UA                        None / False   interested
       third party      the claimant itself             None / False   own
       third party      another third party             None           independent
       third party      another third party             False          interested
       ===============  ==============================  =============  ==============

    2. What a stance does, by role (— means it carries no weight):

       ===========  ===========  =================  ==========
       role         confirms     denies / disputes  no comment
       ===========  ===========  =================  ==========
       independent  confirmed    refuted            unverified
       other side   confirmed    denied             unverified
       interested   —            denied             unverified
       own          —            —                  —
       ===========  ===========  =================  ==========

       A confirmation by the other side is an admission against its interest; a side confirming
       or denying its own claim adds nothing.

    3. Independent assessments outrank the belligerents' word whatever their dates: the latest
       independent confirmation or denial decides (``"confirmed"`` / ``"refuted"``), so a later
       independent confirmation outranks an earlier denial. Without one, the latest
       belligerent confirmation or denial decides (``"confirmed"`` / ``"denied"``): a denial by
       the other side alone makes a claim ``"denied"`` (disputed), never ``"refuted"``.
    4. ``"unverified"``: someone other than the claimant's side responded but nobody took a
       position (only "no comment"), i.e. the claim was looked at and could not be verified.
    5. ``"claimed"``: nothing above applies (no responses, or only the claimant's own side).

    Responses are ordered by date; same-day responses keep their order, the later one winning.

    Parameters
    ----------
    responses : list of dict, JSON text or None
        Responses with at least ``date``, ``by`` and ``stance``; ``side`` may be omitted for the
        well-known bodies (Russian Ministry of Defence, Ukraine's General Staff, the Khortytsia
        group, ISW, DeepState).
    side : {"RU", "UA", "third party"}
        The claimant's side.
    claimant : str, optional
        The claimant, so that a third party's follow-up on its own claim counts as "own".

    Returns
    -------
    str
        One of :data:`CLAIM_STATUSES`.

    Raises
    ------
    ClaimsValidationError
        A response is malformed (every problem listed) or ``side`` is unknown.

    Examples
    --------
    >>> denial = {"date": "2025-06-08", "by": "Khortytsia group", "stance": "denies"}
    >>> derive_status([denial], "RU")
    'denied'
    >>> isw = {"date": "2025-06-10", "by": "ISW", "stance": "confirms"}
    >>> derive_status([denial, isw], "RU")
    'confirmed'
    >>> derive_status([], "UA")
    'claimed'
    """
    problems: list[ClaimProblem] = []
    try:
        side = parse_choice(side, SIDES, "side")
    except ValueError as exc:
        problems.append(ClaimProblem(None, None, "side", side, str(exc)))
    parsed, found = parse_responses(responses)
    problems += [ClaimProblem(None, None, f, v, m) for f, v, m in found]
    if problems:
        raise ClaimsValidationError(problems)
    return status_of(parsed, side, claimant)
