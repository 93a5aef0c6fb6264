"""A demo network: half a year of a job search, as journal lines.

`demo_journal()` returns the lines (dicts in the JOURNAL.md line format) of a
made-up network of 35 people, from May to November 2026. Most relationships are
handled well and give no finding; a few show each of the nine bruises, so that
`goodterms check --as-of 2026-11-20T09:00` on it has something to say for every
rule. Nothing here is random: the same lines every time.
"""

from __future__ import annotations

from typing import Any

DEMO_AS_OF = "2026-11-20T09:00"
DEMO_TIMEZONE = "Europe/London"

Line = dict[str, Any]


def _person(pid: str, name: str, **fields: Any) -> Line:
    return {"type": "person", "id": pid, "name": name, **fields}


class _Story:
    """The events of one or a few relationships, written in order."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.ids: set[str] = set()

    def _id(self, kind: str, who: str, at: str) -> str:
        """A readable interaction id: "meeting-kai-2026-11-04" (numbered if taken)."""
        base = ident = f"{kind}-{who}-{at[:10]}"
        n = 1
        while ident in self.ids:
            n += 1
            ident = f"{base}-{n}"
        self.ids.add(ident)
        return ident

    def _add(self, line: Line) -> None:
        self.lines.append(line)

    def talk(self, at: str, kind: str, *people: str, **fields: Any) -> None:
        ident = self._id(kind, people[0], at)
        line = {"type": "interaction", "id": ident, "at": at, "with": list(people)}
        self._add({**line, "kind": kind, **fields})

    def meet(self, at: str, who: str, place: str, **fields: Any) -> None:
        """A meeting on their terms: they pick the time, I go to them."""
        fields.setdefault("time_chosen_by", who)
        fields.setdefault("their_travel_minutes", 0)
        self.talk(at, "meeting", who, place=place, **fields)

    def favor(
        self, fid: str, at: str, giver: str, to: str, kind: str, what: str, **kw: Any
    ) -> None:
        line = {"type": "favor", "id": fid, "at": at, "from": giver, "to": to, "kind": kind}
        self._add({**line, "what": what, **kw})

    def thanks(self, at: str, to: str, channel: str, favor: str | None = None) -> None:
        line: Line = {"type": "thanks", "at": at, "from": "me", "to": to, "channel": channel}
        self._add({**line, "for": favor} if favor else line)

    def offer(self, at: str, to: str, what: str) -> None:
        self._add({"type": "offer", "at": at, "from": "me", "to": to, "what": what})

    def request(self, rid: str, at: str, asker: str, to: str, what: str, **kw: Any) -> None:
        line = {"type": "request", "id": rid, "at": at, "from": asker, "to": to, "what": what}
        self._add({**line, **kw})

    def update(self, rid: str, at: str, status: str, note: str = "") -> None:
        line = {"type": "request_update", "request": rid, "at": at, "status": status}
        self._add({**line, "note": note} if note else line)

    def share(self, sid: str, at: str, contact: str, to: str, **kw: Any) -> None:
        self._add({"type": "share", "id": sid, "at": at, "contact": contact, "to": to, **kw})


def _people() -> list[Line]:
    return [
        # The mentor and the old guard: known for years, marked close where it is so.
        _person("helen", "Helen Brooks", org="Brightwater", title="VP Engineering", close=True,
                met_on="2018-09-03", met_how="my first manager", label="mentor"),
        _person("david", "David Okafor", org="Globex", title="Engineering Manager",
                met_on="2021-02-01", met_how="he hired me at Globex", label="former manager"),
        _person("sam", "Sam Whitfield", org="Globex", title="Staff Engineer",
                met_on="2021-03-15", met_how="same team at Globex", label="former colleague"),
        _person("felix", "Felix Wagner", org="Hooli", title="Data Engineer",
                met_on="2022-05-10", met_how="Globex platform team", label="former colleague"),
        _person("tom", "Tom Becker", org="Initech", title="Product Lead",
                met_on="2021-06-01", met_how="worked together at Globex", label="old colleague"),
        _person("ravi", "Ravi Kumar", org="Contoso", title="Backend Engineer",
                met_on="2015-09-20", met_how="university", label="classmate"),
        _person("yara", "Yara Haddad", org="Fabrikam", title="QA Lead",
                met_on="2015-09-20", met_how="university", label="classmate"),
        _person("omar", "Omar Said", org="Freelance", title="Designer",
                met_on="2015-09-20", met_how="university", label="classmate"),
        _person("zoe", "Zoë Martin", org="Tailspin Toys", title="Product Designer", close=True,
                met_on="2012-04-02", met_how="school", label="friend"),
        _person("leo", "Leo Brandt", org="Northwind", title="SRE",
                met_on="2019-07-07", met_how="climbing club", label="friend"),
        _person("noah", "Noah Fischer", org="Blue Sun", title="CTO",
                met_on="2020-01-12", met_how="lives next door", label="neighbour"),
        # Recruiters.
        _person("julia", "Julia Meyer", org="Acme", title="Technical Recruiter",
                met_on="2026-05-26", met_how="wrote to me on LinkedIn", label="recruiter at Acme"),
        _person("uma", "Uma Patel", org="Stark Analytics", title="Talent Partner",
                met_on="2026-06-15", met_how="career fair", label="recruiter"),
        _person("sofia", "Sofia Rossi", org="Massive Dynamic", title="Recruiter",
                met_on="2026-10-01", met_how="she called about a role", label="recruiter"),
        # Met during the search: meetups, fairs, introductions.
        _person("ana", "Ana Costa", org="Python London", title="Meetup organiser",
                met_on="2026-05-28", met_how="Python London meetup", label="contact"),
        _person("emma", "Emma Walsh", org="Wonka Industries", title="ML Engineer",
                met_on="2026-05-28", met_how="Python London meetup", label="met once"),
        _person("paul", "Paul Nguyen", org="Pied Piper", title="Founder",
                met_on="2026-09-12", met_how="hackathon", label="new contact"),
        _person("rosa", "Rosa Jiménez", org="Umbrella Health", title="Hiring Manager",
                met_on="2026-06-20", met_how="introduced by Sam", introduced_by="sam",
                label="acquaintance"),
        _person("mia", "Mia Chen", org="Oceanic Air", title="Data Scientist",
                met_on="2026-07-04", met_how="Zoë's birthday party", introduced_by="zoe",
                label="friend of a friend"),
        _person("olga", "Olga Petrov", org="Vandelay Imports", title="Head of IT",
                met_on="2023-03-01", met_how="a consulting project", label="client"),
        _person("tariq", "Tariq Mensah", org="Cyberdyne", title="Platform Engineer",
                met_on="2022-01-10", met_how="Globex", label="colleague"),
        _person("victor", "Victor Lindqvist", org="Aperture Science", title="Career coach",
                met_on="2026-06-02", met_how="job club", label="contact"),
        _person("ines", "Inés Duarte", org="Tyrell Labs", title="Head of Platform",
                met_on="2026-10-22", introduced_by="grace"),
        _person("grace", "Grace Kim", org="Tyrell Labs", title="Engineer",
                met_on="2024-02-01", met_how="PyCon UK", label="acquaintance"),
        _person("lena", "Lena Vogel", org="Northwind", title="Head of Data"),
        _person("ben", "Ben Carter", org="Soylent Foods", title="Engineering Manager",
                met_on="2023-05-05", met_how="Globex alumni drinks", label="acquaintance"),
        _person("nadia", "Nadia Karim", org="Black Mesa", title="Director of Engineering",
                met_on="2025-11-01", met_how="a panel she chaired", label="contact"),
        _person("jon", "Jon Reyes", org="Black Mesa", title="Engineering Manager",
                introduced_by="nadia"),
        _person("chris", "Chris Wu", org="Job club", title="Job seeker",
                met_on="2026-06-02", met_how="job club", label="acquaintance"),
        _person("priya", "Priya Nair", org="Wayne Logistics", title="Staff Engineer",
                met_on="2026-11-12", met_how="Women in Tech meetup", label="just met"),
        _person("marco", "Marco Silva", org="Gringotts Bank", title="Architect",
                met_on="2026-09-24", met_how="a conference", label="old friend"),
        _person("kai", "Kai Jensen", org="Monarch Solutions", title="DevOps Engineer",
                met_on="2026-10-27", met_how="DevOps meetup", label="new contact"),
        _person("hana", "Hana Ito", org="Nakatomi Trading", title="Engineering Manager",
                met_on="2026-08-01", met_how="introduced by Leo", introduced_by="leo",
                label="new contact"),
        _person("pia", "Pia Olsen", org="Dunder Mifflin", title="People Partner",
                met_on="2026-07-15", met_how="career fair"),
        _person("quinn", "Quinn Byrne", org="Krusty Krab", title="Engineer",
                met_on="2026-05-28", met_how="Python London meetup"),
    ]  # fmt: skip


def _mentor(s: _Story) -> None:
    """Helen: monthly calls, help both ways, and a reference asked for and given."""
    s.talk("2026-05-20T09:00", "email", "helen", summary="news: I'm looking")
    s.offer("2026-05-20T09:05", "helen", "help with her team's hiring push")
    for at in ("2026-05-21T18:00", "2026-06-18T18:00", "2026-07-16T18:00",
               "2026-08-20T18:00", "2026-09-17T18:00", "2026-10-15T18:00"):  # fmt: skip
        s.talk(at, "call", "helen", summary="monthly mentoring call")
    s.favor("helen-f1", "2026-05-21T18:30", "helen", "me", "advice", "helped me plan my search")
    s.thanks("2026-05-21T20:00", "helen", "email", "helen-f1")
    s.favor("helen-f2", "2026-06-05T10:00", "me", "helen", "other", "reviewed her keynote")
    s.talk("2026-07-01T08:00", "email", "helen", summary="shortlist of companies")
    s.request("helen-r1", "2026-09-18T09:00", "me", "helen", "a reference for Brightwater", size=5)
    s.favor("helen-f3", "2026-09-20T11:00", "helen", "me", "recommendation",
            "gave Brightwater a reference for me")  # fmt: skip
    s.update("helen-r1", "2026-09-20T11:00", "done")
    s.thanks("2026-09-20T12:00", "helen", "note", "helen-f3")


def _former_colleagues(s: _Story) -> None:
    """David, Sam, Felix, Tariq: reconnecting, asking little, giving back."""
    s.talk("2026-05-22T09:00", "email", "david", summary="telling him I'm looking")
    s.talk("2026-05-23T11:00", "email", "david", direction="in")
    s.meet("2026-06-03T12:30", "david", "Globex canteen")
    s.offer("2026-06-03T14:00", "david", "to interview candidates for his team")
    s.favor("david-f1", "2026-06-10T16:00", "david", "me", "advice", "told me how Globex levels")
    s.thanks("2026-06-10T18:00", "david", "email", "david-f1")
    s.request("david-q1", "2026-07-01T09:00", "david", "me", "a mock interview for a junior")
    s.update("david-q1", "2026-07-03T17:00", "done")

    s.talk("2026-06-01T10:00", "message", "sam")
    s.talk("2026-06-02T17:00", "call", "sam")
    s.offer("2026-06-02T17:30", "sam", "an intro to my old Brightwater team")
    s.talk("2026-06-08T09:00", "email", "sam", summary="my target list")
    s.request("sam-r1", "2026-06-15T09:00", "me", "sam", "an intro to a hiring manager", size=3)
    s.favor("sam-f1", "2026-06-18T10:00", "sam", "me", "intro",
            "introduced me to Rosa at Umbrella Health", refers_to="rosa")  # fmt: skip
    s.update("sam-r1", "2026-06-18T10:00", "done")
    s.thanks("2026-06-18T11:00", "sam", "message", "sam-f1")
    s.talk("2026-06-19T09:00", "email", "rosa", summary="Sam suggested I get in touch")
    s.meet("2026-06-25T13:00", "rosa", "Umbrella Health lobby café")
    s.offer("2026-06-25T15:00", "rosa", "to share our old on-call playbook")
    s.talk("2026-06-26T09:30", "email", "sam", summary="how the coffee with Rosa went")
    s.talk("2026-07-10T15:00", "call", "rosa", summary="first interview")

    s.talk("2026-07-07T12:00", "message", "felix")
    s.talk("2026-07-07T19:00", "message", "felix", direction="in")
    s.favor("felix-f1", "2026-07-09T10:00", "me", "felix", "advice", "explained our Kafka setup")
    s.talk("2026-08-12T18:00", "message", "felix")
    s.talk("2026-10-01T18:00", "message", "felix")

    s.talk("2026-08-03T09:00", "email", "tariq")
    s.talk("2026-08-04T09:00", "email", "tariq", direction="in")
    s.meet("2026-09-08T12:00", "tariq", "Cyberdyne office")
    s.offer("2026-09-08T13:00", "tariq", "a dry run of his conference talk")
    s.talk("2026-10-20T12:00", "email", "tariq")


def _classmates_and_friends(s: _Story) -> None:
    """Ravi, Yara, Zoë, Mia, Leo, Hana, Noah, Olga."""
    s.talk("2026-06-10T19:00", "message", "ravi")
    s.talk("2026-06-12T20:00", "call", "ravi")
    s.offer("2026-06-12T20:30", "ravi", "a referral at Brightwater if he ever wants one")
    s.talk("2026-07-20T19:00", "message", "ravi")
    s.meet("2026-09-05T18:30", "ravi", "The Crown, near his office")
    s.favor("ravi-f1", "2026-09-05T19:00", "ravi", "me", "job_lead", "told me about a Contoso role")
    s.thanks("2026-09-05T22:00", "ravi", "message", "ravi-f1")

    s.talk("2026-06-20T10:00", "message", "yara")
    s.request("yara-q1", "2026-06-20T10:30", "yara", "me", "a look at her CV", size=2)
    s.talk("2026-06-21T09:00", "message", "yara", direction="in")
    s.favor("yara-f1", "2026-06-22T20:00", "me", "yara", "advice", "went through her CV with her")
    s.update("yara-q1", "2026-06-22T20:00", "done")
    s.talk("2026-09-15T19:00", "message", "yara")

    s.meet("2026-05-30T19:00", "zoe", "her flat", summary="dinner")
    s.favor("zoe-g1", "2026-06-06T10:00", "me", "zoe", "other", "helped her move flats")
    s.meet("2026-07-04T19:00", "zoe", "her birthday party")
    s.meet("2026-07-04T20:00", "mia", "Zoë's birthday party")
    s.favor("zoe-f1", "2026-07-06T09:00", "zoe", "me", "intro", "introduced me to Mia properly",
            refers_to="mia")  # fmt: skip
    s.thanks("2026-07-06T12:00", "zoe", "message", "zoe-f1")
    s.talk("2026-07-07T09:00", "email", "mia", summary="Zoë suggested we talk")
    s.meet("2026-07-14T08:30", "mia", "café by Oceanic Air")
    s.offer("2026-07-14T09:30", "mia", "an intro to Helen")
    s.favor("mia-f1", "2026-07-14T09:00", "mia", "me", "advice", "told me how Oceanic hires")
    s.thanks("2026-07-14T12:00", "mia", "email", "mia-f1")
    s.talk("2026-07-15T19:00", "message", "zoe", summary="coffee with Mia went well")
    s.meet("2026-09-12T19:00", "zoe", "the pub", summary="catch-up")
    s.talk("2026-10-30T19:00", "call", "zoe")

    s.meet("2026-05-24T10:00", "leo", "the climbing wall")
    s.meet("2026-06-21T10:00", "leo", "the climbing wall")
    s.favor("leo-g1", "2026-07-01T09:00", "me", "leo", "advice", "helped him with a Terraform bug")
    s.meet("2026-07-26T10:00", "leo", "the climbing wall")
    s.favor("leo-f1", "2026-08-01T12:00", "leo", "me", "intro",
            "introduced me to Hana at Nakatomi", refers_to="hana")  # fmt: skip
    s.thanks("2026-08-01T13:00", "leo", "message", "leo-f1")
    s.talk("2026-08-03T09:00", "email", "hana", summary="Leo suggested I write")
    s.meet("2026-08-10T12:00", "hana", "Nakatomi Plaza café")
    s.talk("2026-08-11T18:00", "message", "leo", summary="lunch with Hana went well")
    s.meet("2026-10-25T10:00", "leo", "the climbing wall")

    s.talk("2026-06-05T18:00", "message", "noah")
    s.meet("2026-06-07T17:00", "noah", "his garden", summary="barbecue")
    s.request("noah-q1", "2026-06-07T18:00", "noah", "me", "comments on his job ad")
    s.update("noah-q1", "2026-06-08T10:00", "done")
    s.favor("noah-f1", "2026-08-15T18:00", "noah", "me", "advice",
            "coached me on salary negotiation")  # fmt: skip
    s.thanks("2026-08-15T20:00", "noah", "in_person", "noah-f1")
    s.talk("2026-09-30T18:00", "message", "noah")

    s.talk("2026-07-01T09:00", "email", "olga")
    s.talk("2026-07-02T09:00", "email", "olga", direction="in")
    s.favor("olga-g1", "2026-07-08T10:00", "me", "olga", "contact",
            "sent her a good contractor's details")  # fmt: skip
    s.talk("2026-09-01T09:00", "email", "olga")
    s.offer("2026-09-01T09:05", "olga", "to help with their cloud move")
    s.favor("olga-f1", "2026-09-03T16:00", "olga", "me", "recommendation",
            "wrote me a LinkedIn recommendation")  # fmt: skip
    s.thanks("2026-09-03T17:00", "olga", "email", "olga-f1")


def _search_contacts(s: _Story) -> None:
    """Recruiters, meetups, job club, a hackathon, a career fair."""
    s.talk("2026-05-26T11:00", "message", "julia", direction="in", initiated_by="julia")
    s.talk("2026-06-01T14:00", "call", "julia", initiated_by="julia")
    s.offer("2026-06-01T14:30", "julia", "to pass on good candidates")
    s.talk("2026-06-15T14:00", "call", "julia", summary="screening for Acme")
    s.meet("2026-07-02T10:00", "julia", "Acme office", summary="onsite")
    s.favor("julia-f1", "2026-07-03T16:00", "julia", "me", "job_lead", "sent me a second Acme role")
    s.thanks("2026-07-03T17:00", "julia", "email", "julia-f1")
    s.request("julia-r1", "2026-07-10T09:00", "me", "julia", "feedback after the onsite")
    s.update("julia-r1", "2026-07-12T09:00", "done")

    s.meet("2026-06-15T11:00", "uma", "Career fair, Stark Analytics stand")
    s.talk("2026-06-16T09:00", "email", "uma", summary="thanks for the chat")
    s.offer("2026-06-16T09:00", "uma", "to speak at their engineering open day")
    s.meet("2026-07-15T11:00", "pia", "Career fair, Dunder Mifflin stand")
    s.talk("2026-07-16T09:00", "email", "pia", summary="nice to meet you")
    s.favor("uma-f1", "2026-09-10T12:00", "uma", "me", "resume_forward",
            "forwarded my resume to the data platform lead")  # fmt: skip
    s.thanks("2026-09-10T13:00", "uma", "email", "uma-f1")

    for at in ("2026-05-28T18:30", "2026-06-25T18:30", "2026-07-30T18:30", "2026-09-24T18:30"):
        people = ["ana", "emma", "quinn"] if at.startswith("2026-05") else ["ana"]
        s.talk(at, "meeting", *people, place="Python London meetup", time_chosen_by="ana")
    s.offer("2026-06-26T09:00", "ana", "to give a talk")
    s.favor("ana-g1", "2026-09-24T19:00", "me", "ana", "other", "gave a talk at the meetup")

    for at in ("2026-06-02T10:00", "2026-06-16T10:00", "2026-06-30T10:00"):
        s.talk(at, "meeting", "victor", "chris", place="job club", time_chosen_by="victor")
    s.offer("2026-06-02T12:00", "victor", "to run a session on system design")
    s.favor("victor-f1", "2026-06-16T11:00", "victor", "me", "advice", "gave me a mock interview")
    s.thanks("2026-06-16T13:00", "victor", "email", "victor-f1")

    s.talk("2026-09-12T10:00", "meeting", "paul", place="hackathon", time_chosen_by="paul")
    s.talk("2026-09-13T09:00", "email", "paul", summary="nice to meet you")
    s.request("paul-q1", "2026-09-13T15:00", "paul", "me", "a week of free consulting")
    s.update("paul-q1", "2026-09-14T09:00", "declined", "too busy with the search")


def _slips(s: _Story) -> None:
    """The relationships where something needs doing today or went wrong."""
    # Tom introduced me to Lena and I haven't written to her yet (no-follow-up).
    s.talk("2026-09-01T09:00", "email", "tom")
    s.talk("2026-09-02T09:00", "email", "tom", direction="in")
    s.talk("2026-10-10T12:00", "call", "tom")
    s.offer("2026-10-10T12:30", "tom", "a review of his roadmap deck")
    s.favor("tom-f1", "2026-11-14T10:00", "tom", "me", "intro",
            "introduced me to Lena Vogel at Northwind", refers_to="lena")  # fmt: skip
    s.thanks("2026-11-14T19:00", "tom", "email", "tom-f1")

    # Grace gave me Inés's contact; I met Inés but never told Grace (close the loop).
    s.talk("2026-10-15T09:00", "email", "grace")
    s.offer("2026-10-15T09:00", "grace", "an intro to Helen")
    s.talk("2026-10-16T09:00", "email", "grace", direction="in")
    s.favor("grace-f1", "2026-11-06T10:00", "grace", "me", "contact",
            "gave me Inés Duarte's contact at Tyrell Labs", refers_to="ines")  # fmt: skip
    s.thanks("2026-11-06T11:00", "grace", "message", "grace-f1")
    s.talk("2026-11-08T09:00", "email", "ines", summary="Grace gave me your address")
    s.meet("2026-11-13T12:00", "ines", "Tyrell Labs café")

    # Omar asked for feedback twice and is still waiting (ignored-request).
    s.talk("2026-08-15T19:00", "message", "omar")
    s.talk("2026-08-16T19:00", "message", "omar", direction="in")
    s.talk("2026-09-20T19:00", "call", "omar")
    s.request("omar-q1", "2026-11-10T10:00", "omar", "me", "feedback on his portfolio site")
    s.update("omar-q1", "2026-11-15T10:00", "asked_again")

    # Sofia called twice about roles; I never asked how I could help (never-offered-help).
    s.talk("2026-10-02T11:00", "call", "sofia", initiated_by="sofia")
    s.talk("2026-10-09T11:00", "call", "sofia", initiated_by="sofia")

    # Ben sent a job lead yesterday; no thank-you yet (no-thank-you, no-follow-up).
    s.talk("2026-10-01T09:00", "email", "ben")
    s.offer("2026-10-01T09:00", "ben", "to review candidates' take-home tests")
    s.talk("2026-10-02T09:00", "email", "ben", direction="in")
    s.favor("ben-f1", "2026-11-19T14:00", "ben", "me", "job_lead",
            "sent me the platform role at Soylent")  # fmt: skip

    # Nadia gave me Jon's contact; I passed it on without asking her (overused-referral).
    s.talk("2026-10-05T09:00", "email", "nadia")
    s.offer("2026-10-05T09:00", "nadia", "to mentor someone on her team")
    s.talk("2026-10-12T16:00", "call", "nadia")
    s.favor("nadia-f1", "2026-10-14T10:00", "nadia", "me", "contact",
            "gave me Jon Reyes's email", refers_to="jon")  # fmt: skip
    s.thanks("2026-10-14T11:00", "nadia", "email", "nadia-f1")
    s.talk("2026-10-15T09:00", "email", "jon", summary="Nadia suggested I write")
    s.talk("2026-10-16T09:00", "email", "jon", direction="in")
    s.talk("2026-10-20T09:00", "email", "nadia", summary="spoke with Jon, thank you")
    s.favor("chris-g1", "2026-11-03T10:00", "me", "chris", "contact",
            "gave him Jon Reyes's email", refers_to="jon")  # fmt: skip
    s.share("share-jon", "2026-11-03T10:00", "jon", "chris")

    # Priya: met once, then asked for a referral (ask-too-big, taking-without-giving).
    s.talk("2026-11-12T18:30", "meeting", "priya", place="Women in Tech meetup")
    s.talk("2026-11-13T09:00", "email", "priya", summary="nice to meet you")
    s.request("priya-r1", "2026-11-16T09:00", "me", "priya",
              "a referral to the platform team at Wayne Logistics", size=4)  # fmt: skip

    # Marco: one conference chat, described as an old friend (misrepresented-relationship).
    s.talk("2026-09-24T15:00", "meeting", "marco", place="conference", time_chosen_by="marco")
    s.talk("2026-09-25T09:00", "email", "marco", summary="good to meet you")

    # Kai: a new contact I made cross town at the time I picked (burdensome-meeting).
    s.talk("2026-10-28T09:00", "message", "kai", summary="nice to meet you at the meetup")
    s.meet("2026-11-04T08:00", "kai", "café near my flat", time_chosen_by="me",
           their_travel_minutes=25)  # fmt: skip


def demo_journal() -> list[Line]:
    """The demo network as journal lines: people first, then events in time order."""
    story = _Story()
    for chapter in (_mentor, _former_colleagues, _classmates_and_friends, _search_contacts, _slips):
        chapter(story)
    events = sorted(story.lines, key=lambda line: str(line["at"]))
    return _people() + events
