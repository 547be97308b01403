/**
 * `spec.firmware` (bootloader, Secure Boot, persistent EFI variables) and `spec.tpm`.
 */
import { expectBool, expectEnum, expectObject, forbidden, peekString, Report, walk } from './report';
import { PERSISTENT_EFI_NEEDS_EFI, SECURE_BOOT_NEEDS_EFI } from './vm-rules';
import { Bootloader } from '../spec/profile-spec';

const BOOTLOADERS: readonly string[] = Object.values(Bootloader);

/** Firmware: Secure Boot and persistent variables are EFI features (KubeVirt refuses them on BIOS). */
export function validateFirmware(r: Report, field: string, v: unknown): void {
  if (!expectObject(r, field, v)) return;
  const efi = peekString(v, 'bootloader') === Bootloader.EFI;
  walk(r, v, field, {
    bootloader: (value, f) => {
      expectEnum(r, f, value, BOOTLOADERS);
    },
    secureBoot: (value, f) => {
      if (expectBool(r, f, value) && value && !efi) r.error(forbidden(f, SECURE_BOOT_NEEDS_EFI));
    },
    persistent: (value, f) => {
      if (expectBool(r, f, value) && value && !efi) r.error(forbidden(f, PERSISTENT_EFI_NEEDS_EFI));
    },
  });
}

/** `spec.tpm`: an emulated TPM 2.0; `persistent` is its only field. */
export function validateTpm(r: Report, field: string, v: unknown): void {
  if (expectObject(r, field, v)) walk(r, v, field, { persistent: (p, pf) => { expectBool(r, pf, p); } });
}
