package dev.upyd.cli.devicecmd;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.command.DeviceCommand;
import dev.upyd.cli.command.DeviceRun;
import dev.upyd.cli.firmware.AppImage;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ota", mixinStandardHelpOptions = true,
        description = {"OTA firmware update of an ESP32 through the daemon's HELD session: the app image goes to the"
                + " device in chunks over the authenticated (wss) WebREPL link upyd already has, and upyd's device"
                + " module upyd_ota (installed into /lib when missing or stale) writes it into the next OTA partition"
                + " (esp32.Partition.get_next_update()). Only when the SHA-256 of what the partition holds matches the"
                + " image (0xFF-padded to 4 KiB blocks) is it set to boot; then the device is reset, upyd waits until"
                + " the daemon has it back, checks that it runs the new partition and cancels the rollback"
                + " (mark_app_valid_cancel_rollback).",
                "Differences from upydev: no connect-back TCP server on port 8014 (-sec and -zt are accepted and change"
                + " nothing: the image always travels inside the session, TLS when the device is wss); FIRMWARE may be"
                + " the app (micropython.bin, .app-bin) or micropython.org's combined .bin, whose app is cut out where"
                + " its own partition table says (upydev always cuts 0xF000 and only for file names containing esp32);"
                + " the image is checked first (magic 0xE9, segments, checksum, SHA-256) and a bad one is refused"
                + " before anything is sent. A failed update never changes the boot partition."})
public final class OtaCommand extends DeviceCommand {
    @Parameters(index = "0", paramLabel = "FIRMWARE.bin", description = "ESP32 app image or combined firmware image.")
    Path firmware;

    @Option(names = "-i", description = "Check first that the image's chip matches the device's (os.uname().machine).")
    boolean checkPlatform;

    @Option(names = "-sec", description = "Accepted for upydev; the image always travels in the held session.")
    boolean sec;

    @Option(names = "-zt", paramLabel = "IP", description = "Accepted for upydev (zerotier host IP); not needed, ignored.")
    String zerotier;

    @Option(names = "--chunk-kb", paramLabel = "KIB", defaultValue = "32",
            description = "Size of each chunk staged in the device's file system (multiple of 4; default ${DEFAULT-VALUE}).")
    int chunkKb;

    @Option(names = "--no-reset", description = "Set the boot partition but do not reset (the new firmware runs at the next reset).")
    boolean noReset;

    @Option(names = "--no-confirm", description = "After the reset, leave the new app pending verification"
            + " (a bootloader with rollback then returns to the old one at the next reset unless it is confirmed).")
    boolean noConfirm;

    @Option(names = "--wait", paramLabel = "S", defaultValue = "60",
            description = "Seconds to wait for the device to be back after the reset (default: ${DEFAULT-VALUE}).")
    long waitSeconds;

    @Option(names = "--from", paramLabel = "DIR", description = "The device folder with upyd_ota (default: device/ of this upyd checkout).")
    Path from;

    @Override
    public int runOn(DeviceRun run) throws Exception {
        if (chunkKb < 4 || chunkKb % 4 != 0 || chunkKb > 1024) {
            throw new CliException(Main.ExitCodes.USAGE, "--chunk-kb must be a multiple of 4 between 4 and 1024");
        }
        if (waitSeconds < 1) {
            throw new CliException(Main.ExitCodes.USAGE, "--wait must be at least 1 second");
        }
        Path file = run.settings().cwd().resolve(firmware);
        AppImage image = AppImage.read(file); // before anything touches the device
        ModuleManifest manifest = ModuleManifest.read(DeviceFolder.locate(UpdateUpyutilsCommand.resolve(run, from)));
        OtaUpdate.Options o = new OtaUpdate.Options(checkPlatform, chunkKb * 1024, !noReset, !noConfirm, waitSeconds);
        return new OtaUpdate(run, manifest, o).run(file.getFileName().toString(), image);
    }
}
