from django.urls import path, register_converter

from tandem.preferences import views


class SectionConverter:
    regex = "contact|seen|access|digital"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SectionConverter, "section")

app_name = "preferences"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("change/<section:name>/", views.my_section, name="change"),
    path("history/", views.my_history, name="history"),
    path("reading/", views.reading, name="reading"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/change/<section:name>/", views.person_section, name="person-change"),
    path("people/<int:pk>/history/", views.person_history, name="person-history"),
    path("people/<int:pk>/decide/", views.decide, name="decide"),
]
