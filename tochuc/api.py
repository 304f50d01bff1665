from ninja import NinjaAPI

api = NinjaAPI(title="tochuc API", version="1")
