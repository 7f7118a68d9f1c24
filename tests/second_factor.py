"""Second factors for tests: a person's authenticator app, and the code it
shows now, as a phone would."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator_app(user):
    """The person's confirmed authenticator app, set up on first need."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Authenticator app", confirmed=True
        )
    return device


def code_for_key(key, step=30, t0=0, digits=6, drift=0, after_step=-1):
    """The code an app holding this key shows now; if that code's time step was
    used already, the next one the site still accepts, waiting for it if need be
    (the site takes each time step's code once)."""
    while True:
        totp = TOTP(key, step=step, t0=t0, digits=digits, drift=drift)
        current = totp.t()
        wanted = max(current, after_step + 1)
        if wanted <= current + 1:  # the site accepts one step either side
            totp.drift = drift + (wanted - current)
            return f"{totp.token():0{digits}d}"
        time.sleep(step - time.time() % step + 0.1)


def current_code(device):
    """The code the device's app shows now, as the site will accept it."""
    device.refresh_from_db()
    return code_for_key(
        device.bin_key,
        step=device.step,
        t0=device.t0,
        digits=device.digits,
        drift=device.drift,
        after_step=device.last_t,
    )
