from tests.fakes.kuryana_calendar import calendar_kuryana

__all__ = ["calendar_kuryana"]
