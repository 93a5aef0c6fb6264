"""The stored network: one table per kind of journal line, every row owned by a user.

`ident` is the journal id (unique per owner across all kinds, checked by the
actions layer); `extra` keeps journal fields goodterms does not know, so they
are exported again unchanged; `digest` is a hash of the normalised line, which
lets an import tell a changed record from an unchanged one without reading it.
A person field that may be "me" is a nullable foreign key plus a `*_me` flag
(for `from`/`to` a null person means me).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Owned(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    ident = models.CharField(max_length=200)
    extra = models.JSONField(default=dict, blank=True)
    digest = models.CharField(max_length=40, default="", blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.ident


class Person(Owned):
    name = models.CharField(max_length=300)
    emails = models.JSONField(default=list, blank=True)
    phones = models.JSONField(default=list, blank=True)
    org = models.CharField(max_length=300, blank=True)
    title = models.CharField(max_length=300, blank=True)
    location = models.CharField(max_length=300, blank=True)
    linkedin = models.CharField(max_length=500, blank=True)
    met_on = models.DateField(null=True, blank=True)
    met_how = models.CharField(max_length=500, blank=True)
    introduced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="introduced"
    )
    label = models.CharField(max_length=300, blank=True)
    close = models.BooleanField(null=True, blank=True)
    tags = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "ident"], name="person_unique_ident")
        ]
        indexes = [models.Index(fields=["owner", "name"])]


class Interaction(Owned):
    at = models.DateTimeField()
    people = models.ManyToManyField(Person, related_name="interactions")
    kind = models.CharField(max_length=20)
    direction = models.CharField(max_length=10)
    summary = models.TextField(blank=True)
    place = models.CharField(max_length=500, blank=True)
    initiated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    initiated_by_me = models.BooleanField(default=False)
    time_chosen_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    time_chosen_by_me = models.BooleanField(default=False)
    their_travel_minutes = models.IntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "ident"], name="interaction_unique_ident")
        ]
        indexes = [models.Index(fields=["owner", "at"])]


class Exchange(Owned):
    """An event between me and one person: `from_person` null means from me."""

    at = models.DateTimeField()
    from_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    to_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def other(self) -> Person | None:
        return self.to_person if self.from_person_id is None else self.from_person


class Favor(Exchange):
    kind = models.CharField(max_length=30)
    size = models.PositiveSmallIntegerField()
    what = models.TextField(blank=True)
    refers_to = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="referred_in"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "ident"], name="favor_unique_ident")
        ]
        indexes = [models.Index(fields=["owner", "at"])]


class Request(Exchange):
    what = models.TextField()
    size = models.PositiveSmallIntegerField()
    due = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "ident"], name="request_unique_ident")
        ]
        indexes = [models.Index(fields=["owner", "at"])]


class RequestUpdate(Owned):
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField()
    status = models.CharField(max_length=20)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "ident"], name="requestupdate_unique_ident")
        ]


class Thanks(Exchange):
    favor = models.ForeignKey(
        Favor, null=True, blank=True, on_delete=models.SET_NULL, related_name="thanks"
    )
    channel = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "ident"], name="thanks_unique_ident")
        ]
        verbose_name_plural = "thanks"


class Offer(Exchange):
    what = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "ident"], name="offer_unique_ident")
        ]


class Share(Owned):
    at = models.DateTimeField()
    contact = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    to = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    given_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    with_permission = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "ident"], name="share_unique_ident")
        ]


EVENT_MODELS: dict[str, type[Owned]] = {
    "interaction": Interaction,
    "favor": Favor,
    "request": Request,
    "request_update": RequestUpdate,
    "thanks": Thanks,
    "offer": Offer,
    "share": Share,
}
MODELS: dict[str, type[Owned]] = {"person": Person, **EVENT_MODELS}


class Mute(models.Model):
    """A finding the user snoozed (until a moment) or dismissed (with a reason).

    It stays quiet until `until` passes or something new is recorded in that
    relationship: `mark` is how many events the relationship had when it was muted.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(max_length=100)
    person = models.CharField(max_length=200, blank=True)  # "" for a network-wide finding
    subject = models.CharField(max_length=200, blank=True)  # "" where there is none
    step = models.CharField(max_length=50, blank=True)  # e.g. which follow-up step
    until = models.DateTimeField(null=True, blank=True)  # None: dismissed
    reason = models.TextField(blank=True)
    mark = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "rule", "person", "subject", "step"],
                                    name="mute_unique_finding")
        ]


class Record(models.Model):
    """Every id an owner has, whatever its kind: ids are unique across kinds.

    When two people are merged, the id that went away stays here as an "alias"
    of the one kept, so that old journals and commands still reach the person.

    The import uses it to refuse an id arriving with another kind, and to tell a
    line repeated within one journal (same `mark`: written by this very import,
    first on `line`) from one that replaces a record stored before.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    ident = models.CharField(max_length=200)
    kind = models.CharField(max_length=20)  # a journal line type, or "alias"
    alias_of = models.CharField(max_length=200, blank=True)  # a merged person's new id
    mark = models.BigIntegerField(default=0)  # the import that last wrote it
    line = models.PositiveIntegerField(default=0)  # its line in that import

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "ident"], name="record_unique_ident")
        ]


class Detection(models.Model):
    """Something found in the user's mail that waits for their decision (or was decided).

    `proposal` is the journal line it would become; `key` (message, act, sentence)
    makes sure nothing detected is ever queued or applied twice.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=300)
    act = models.CharField(max_length=20)
    confidence = models.FloatField()
    text = models.TextField()
    at = models.DateTimeField()
    proposal = models.JSONField(default=dict)
    status = models.CharField(max_length=10, default="pending")  # pending, accepted, rejected
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="detection_unique_key")
        ]


class UserSettings(models.Model):
    """One user's own settings (flat "a.b" keys, as `goodterms config` shows them).

    They sit on top of config.toml, which holds the defaults of the installation,
    so that every user of a shared server has their own addresses, time zone and
    rule thresholds.
    """

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="+")
    values = models.JSONField(default=dict, blank=True)
    updated = models.DateTimeField(auto_now=True)


class MailFolderState(models.Model):
    """How far `goodterms sync imap` got in one folder of one account.

    A folder whose UIDVALIDITY changed is read again from the start (the ids
    derived from Message-IDs keep that from duplicating anything).
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    account = models.CharField(max_length=300)  # user@host:port
    folder = models.CharField(max_length=300)
    uidvalidity = models.BigIntegerField()
    last_uid = models.BigIntegerField(default=0)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "account", "folder"],
                                    name="mailfolderstate_unique_folder")
        ]


class ImportProgress(models.Model):
    """How far an import of one mailbox got when it stopped (Ctrl-C, an error, the
    machine going down): the messages before `position` are stored, and importing the
    same mailbox again goes on from there. `source` is a digest of what was imported
    and how (the file's path, size and time, the user's addresses, …): a mailbox
    that changed since is read from the start. Removed when the import finishes, with
    any left by imports stopped over a month before."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=64)
    position = models.BigIntegerField()
    # The ids of the people the stopped import made: for the import that goes on, they
    # are as new as they were then (someone introduced to me by a message further on is
    # new to me if I met them only in this mailbox).
    people = models.JSONField(default=list)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "source"], name="importprogress_unique_source")
        ]


class NetworkVersion(models.Model):
    """A counter that every write to a user's network (or settings) moves on.

    Work derived from the whole network, such as today's findings, is kept in
    memory under this number and recomputed only when it changes.
    """

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="+")
    version = models.BigIntegerField(default=0)
