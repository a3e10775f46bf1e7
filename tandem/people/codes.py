"""Coded values from the NHS Data Dictionary, kept as the codes themselves so
equity reports can be compared with national data sets."""

from __future__ import annotations

from django.db import models


class Sex(models.TextChoices):
    # Person stated sex code
    MALE = "1", "Male"
    FEMALE = "2", "Female"
    INDETERMINATE = "9", "Indeterminate (unable to be classified as either male or female)"
    NOT_KNOWN = "X", "Not known"


class GenderIdentity(models.TextChoices):
    # Gender identity code (MHSDS)
    MALE = "1", "Male (including trans man)"
    FEMALE = "2", "Female (including trans woman)"
    NON_BINARY = "3", "Non-binary"
    OTHER = "4", "Other (not listed)"
    NOT_KNOWN = "X", "Not known"
    NOT_STATED = "Z", "Prefers not to say"


class EthnicCategory(models.TextChoices):
    # Ethnic category (2001 census based) code
    WHITE_BRITISH = "A", "White: British"
    WHITE_IRISH = "B", "White: Irish"
    WHITE_OTHER = "C", "White: Any other White background"
    MIXED_WHITE_BLACK_CARIBBEAN = "D", "Mixed: White and Black Caribbean"
    MIXED_WHITE_BLACK_AFRICAN = "E", "Mixed: White and Black African"
    MIXED_WHITE_ASIAN = "F", "Mixed: White and Asian"
    MIXED_OTHER = "G", "Mixed: Any other mixed background"
    ASIAN_INDIAN = "H", "Asian or Asian British: Indian"
    ASIAN_PAKISTANI = "J", "Asian or Asian British: Pakistani"
    ASIAN_BANGLADESHI = "K", "Asian or Asian British: Bangladeshi"
    ASIAN_OTHER = "L", "Asian or Asian British: Any other Asian background"
    BLACK_CARIBBEAN = "M", "Black or Black British: Caribbean"
    BLACK_AFRICAN = "N", "Black or Black British: African"
    BLACK_OTHER = "P", "Black or Black British: Any other Black background"
    CHINESE = "R", "Other ethnic groups: Chinese"
    OTHER = "S", "Other ethnic groups: Any other ethnic group"
    NOT_STATED = "Z", "Not stated"
    NOT_KNOWN = "99", "Not known"


class Disability(models.TextChoices):
    YES = "Y", "Yes"
    NO = "N", "No"
    NOT_STATED = "Z", "Prefers not to say"
    NOT_KNOWN = "X", "Not known"


class ProfessionalRole(models.TextChoices):
    CARE_COORDINATOR = "care_coordinator", "Care coordinator (community mental health nurse)"
    PSYCHIATRIST = "psychiatrist", "Psychiatrist"
    PSYCHOLOGIST = "psychologist", "Clinical psychologist"
    SOCIAL_WORKER = "social_worker", "Social worker"
    OCCUPATIONAL_THERAPIST = "occupational_therapist", "Occupational therapist"
    SUPPORT_WORKER = "support_worker", "Support worker"
    PEER_SUPPORT_WORKER = "peer_support_worker", "Peer support worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    ADMINISTRATOR = "administrator", "Service administrator"
