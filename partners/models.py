from django.db import models

from accounts.access import PartnerScopedQuerySet


class PartnerQuerySet(PartnerScopedQuerySet):
    partner_path = "pk"


class Partner(models.Model):
    """A social partner: an employer organisation and practice site."""

    name = models.CharField("полное наименование", max_length=300)
    short_name = models.CharField("краткое наименование", max_length=150, blank=True)
    city = models.CharField("населённый пункт", max_length=150, blank=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = "организация-партнёр"
        verbose_name_plural = "организации-партнёры"
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name
