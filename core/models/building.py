"""How the app's models are built (imported before any of them is defined)."""

from __future__ import annotations

from sqlmodel import SQLModel

# Each model's validator and serializer are built when first used, not when its class is made
# (pydantic's documented `defer_build`): a new worker builds those of the forms and bodies it
# meets, not all the tables' at start.
SQLModel.model_config["defer_build"] = True
