"""review feature: officers decide the changes waiting in their authority."""
