"""Negotiations and their members, from the web: the home page (my negotiations), creating a
negotiation (the installation's secretariat), its page (documents, members), adding and
removing members, naming the negotiating groups a delegate also speaks for, inviting people.
Every handler is ``guarded`` (server/auth/guards.py)."""

from __future__ import annotations

from datetime import timedelta

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from negotiation.permissions import Action, Role, decide
from negotiation.registries import ORGANISATIONS, Delegation, all_delegations, registry_for
from server.auth.gatekeeper import Gatekeeper
from server.auth.guards import guarded
from server.auth.invitations import InvitationSigner
from server.people.accounts import AccountError


def _gatekeeper(request: Request) -> Gatekeeper:
    return request.app.state.gatekeeper


def _render(request: Request, template: str, context: dict, status: int = 200) -> Response:
    return request.app.state.templates.TemplateResponse(request, template, context,
                                                        status_code=status)


def visible_documents(request: Request) -> list:
    """Summaries of the documents the session's user may read."""
    gatekeeper, user = _gatekeeper(request), request.state.user
    summaries = request.app.state.store.list_documents()
    return [s for s in summaries if decide(gatekeeper.seat_for_document(user, s.id).role,
                                           Action.READ)]


@guarded(Action.READ, on="account")
async def home(request: Request) -> Response:
    gatekeeper, user = _gatekeeper(request), request.state.user
    mine = await run_in_threadpool(gatekeeper.negotiations.of_user, user.id)
    if user.secretariat:
        listed = {n.id for n, _ in mine}
        others = await run_in_threadpool(gatekeeper.negotiations.all)
        mine += [(n, Role.SECRETARIAT) for n in others if n.id not in listed]
    documents = await run_in_threadpool(visible_documents, request)
    connected = request.app.state.conference.connected()  # updated live by static/documents.js
    return _render(request, "documents.html", {
        "negotiations": mine, "documents": documents, "organisations": ORGANISATIONS,
        "connected": {summary.id: connected.get(summary.id, 0) for summary in documents},
        # the figures this process knows already; the page's channel sends them all
        "progress": request.app.state.progress.known(s.id for s in documents)})


@guarded(Action.MANAGE_MEMBERS, on="installation")
async def create_negotiation(request: Request) -> Response:
    form = await request.form()
    try:
        negotiation = await run_in_threadpool(
            _gatekeeper(request).negotiations.create, str(form.get("name", "")),
            str(form.get("organisation", "")), created_by=request.state.user.id)
    except (AccountError, ValueError) as problem:
        raise HTTPException(400, str(problem)) from None
    return RedirectResponse(request.app.url_path_for("negotiation",
                                                     negotiation_id=negotiation.id), 303)


@guarded(Action.READ, on="negotiation")
async def negotiation_page(request: Request, *, invitation_link: str | None = None,
                           error: str | None = None, status: int = 200) -> Response:
    seat = request.state.seat
    negotiation = seat.negotiation
    if negotiation is None:
        raise HTTPException(404, "no such negotiation")
    gatekeeper = _gatekeeper(request)
    places = await run_in_threadpool(gatekeeper.negotiations.documents, negotiation.id)
    summaries = {s.id: s for s in await run_in_threadpool(request.app.state.store
                                                          .list_documents)}
    members = await run_in_threadpool(gatekeeper.negotiations.members, negotiation.id)
    manages = bool(decide(seat.role, Action.MANAGE_MEMBERS))
    return _render(request, "negotiation.html", {
        "negotiation": negotiation, "seat": seat, "manages": manages,
        "imports": bool(decide(seat.role, Action.IMPORT)),
        "documents": [(summaries[p.document_id], p) for p in places
                      if p.document_id in summaries],
        "members": members, "roles": list(Role),
        "delegations": registry_for(negotiation.organisation).delegations(),
        "groups": groups_for(negotiation.organisation),
        "group_names": {g.key: g.name for g in all_delegations() if g.kind == "group"},
        "invitation_link": invitation_link, "error": error}, status)


@guarded(Action.MANAGE_MEMBERS, on="negotiation")
async def add_member(request: Request) -> Response:
    form = await request.form()
    gatekeeper, negotiation = _gatekeeper(request), request.state.seat.negotiation
    found = await run_in_threadpool(gatekeeper.accounts.find_login, str(form.get("login", "")))
    if found is None:
        return await _again(request, "no account with that login; invite the person instead")
    try:
        await run_in_threadpool(gatekeeper.negotiations.add_member, negotiation.id,
                                found[0].id, _role(form), _delegation(form))
    except AccountError as problem:
        return await _again(request, str(problem))
    return _back(request)


@guarded(Action.MANAGE_MEMBERS, on="negotiation")
async def remove_member(request: Request) -> Response:
    gatekeeper, negotiation = _gatekeeper(request), request.state.seat.negotiation
    user_id = request.path_params["user_id"]
    await run_in_threadpool(gatekeeper.negotiations.remove_member, negotiation.id, user_id)
    gatekeeper.sockets.end_membership(user_id, negotiation.id,
                                      "you are no longer a member of this negotiation")
    return _back(request)


@guarded(Action.MANAGE_MEMBERS, on="negotiation")
async def name_groups(request: Request) -> Response:
    """The negotiating groups a delegate may also speak for (the form's ``groups``, registry
    keys; none: their own delegation only). Their open editors take it when they reconnect
    (the seat is read at the handshake)."""
    form = await request.form()
    gatekeeper, negotiation = _gatekeeper(request), request.state.seat.negotiation
    groups = [str(key) for key in form.getlist("groups") if str(key)]
    try:
        await run_in_threadpool(gatekeeper.negotiations.name_groups, negotiation.id,
                                request.path_params["user_id"], groups)
    except AccountError as problem:
        return await _again(request, str(problem))
    return _back(request)


@guarded(Action.MANAGE_MEMBERS, on="negotiation")
async def invite(request: Request) -> Response:
    form = await request.form()
    gatekeeper, seat = _gatekeeper(request), request.state.seat
    login, role, delegation = str(form.get("login", "")).strip(), _role(form), _delegation(form)
    if "@" not in login:
        return await _again(request, "a login is e-mail-like (name@place)")
    if role is Role.DELEGATE and registry_for(seat.negotiation.organisation).get(
            delegation or "") is None:
        return await _again(request, "choose the delegation the delegate speaks for")
    signer: InvitationSigner = request.app.state.invitation_signer
    invitation = await run_in_threadpool(
        lambda: gatekeeper.accounts.invite(
            login=login, name=str(form.get("name", "")) or login,
            negotiation_id=seat.negotiation.id, role=role,
            delegation=delegation if role is Role.DELEGATE else None,
            created_by=seat.user.id, lifetime=timedelta(seconds=signer.max_age)))
    link = str(request.url_for("invitation", token=signer.token(invitation.id)))
    return await negotiation_page.__wrapped__(request, invitation_link=link)


def groups_for(organisation: str) -> list[Delegation]:
    """The negotiating groups a delegate may be named to speak for: the organisation's, else
    every group Plenary knows (the OAS registry has none)."""
    own = [d for d in registry_for(organisation) if d.kind == "group"]
    return own or [d for d in all_delegations() if d.kind == "group"]


def _role(form) -> Role:
    try:
        return Role(str(form.get("role", "")))
    except ValueError:
        raise HTTPException(400, f"unknown role; expected one of "
                                 f"{', '.join(r.value for r in Role)}") from None


def _delegation(form) -> str | None:
    return str(form.get("delegation", "")) or None


async def _again(request: Request, error: str) -> Response:
    return await negotiation_page.__wrapped__(request, error=error, status=400)


def _back(request: Request) -> Response:
    return RedirectResponse(request.app.url_path_for(
        "negotiation", negotiation_id=request.state.seat.negotiation.id), 303)
