from django.db import models

# The proficiency scale every skill, duty and qualification is rated on.
LEVEL_MIN = 0
LEVEL_MAX = 4
WEIGHT_MIN = 1
WEIGHT_MAX = 5


class Proficiency(models.IntegerChoices):
    NONE = 0, "None"
    AWARENESS = 1, "Awareness"
    WORKING = 2, "Working"
    PROFICIENT = 3, "Proficient"
    EXPERT = 4, "Expert"


class DutyScope(models.IntegerChoices):
    """The scope at which a candidate has performed a duty, on the same 0–4 scale."""

    NOT_YET = 0, "Not yet"
    JUNIOR = 1, "Junior"
    MID = 2, "Mid-level"
    SENIOR = 3, "Senior"
    LEAD = 4, "Lead"


class Expectation(models.TextChoices):
    REQUIRED = "required", "Required"
    RECOMMENDED = "recommended", "Recommended"
    PREFERRED = "preferred", "Preferred"


class CertificationLevel(models.TextChoices):
    FOUNDATIONAL = "foundational", "Foundational"
    ASSOCIATE = "associate", "Associate"
    PROFESSIONAL = "professional", "Professional"
    SPECIALTY = "specialty", "Specialty"
    COURSE = "course", "Course certificate"


class CertificationStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    RETIRED = "retired", "Retired"


class CareerTrack(models.TextChoices):
    CORE = "core", "Core ladder"
    INDIVIDUAL_CONTRIBUTOR = "ic", "Individual contributor"
    MANAGEMENT = "management", "Management"
    SPECIALISM = "specialism", "Lateral specialism"


class PayFactorKind(models.TextChoices):
    REGION = "region", "Top-paying region"
    FACTOR = "factor", "Factor that moves pay"


class CertificationAudience(models.TextChoices):
    ENGINEERING = "engineering", "Engineers"
    BUSINESS = "business", "Business and leadership"


class CertificationEvidence(models.TextChoices):
    """What holding the certificate shows about its holder."""

    EXAM = "exam", "A proctored exam: evidence of knowledge, not of hands-on work"
    PROJECTS = "projects", "Graded hands-on projects and labs"


# The knowledge check: items test levels 1–4 (level 0 means "no knowledge", nothing to test)
# and offer OPTIONS_MIN to OPTIONS_MAX options, exactly one of them correct.
CHECK_LEVEL_MIN = 1
OPTIONS_MIN = 3
OPTIONS_MAX = 5
