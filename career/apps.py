from django.apps import AppConfig


class CareerConfig(AppConfig):
    name = "career"
    verbose_name = "Career catalogue"

    def ready(self):
        # Imported here, as Django documents: the models must be loaded first.
        from career import signals

        signals.connect()
