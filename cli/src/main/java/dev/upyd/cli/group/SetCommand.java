package dev.upyd.cli.group;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.command.DeviceCommand;
import dev.upyd.cli.command.DeviceRun;
import dev.upyd.cli.util.PyStr;
import dev.upyd.pki.config.CurrentDevice;
import dev.upyd.pki.config.GroupConfig;
import dev.upyd.pki.config.GroupEntry;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"`upyd set -@ NAME [-g]`: make NAME (a device of the global group) the current device, saved"
                + " in upydev_.config in the working directory (UPYD_HOME with -g); commands with no target use it.",
                "`upyd set rtc|localtime [-utc H] [-@ DEV]`: set the device clock (machine.RTC) from the host's;"
                        + " `set ntptime [-utc H]`: from an NTP server, by the device; `set hostname NAME` /"
                        + " `set localname NAME`: write hostname.py / localname.py (NAME = ...) for boot.py to use.",
                "upyd differs: the password is written to upydev_.config as upydev does, but the daemon takes its"
                        + " sessions from UPY_G only, so the current device must be in UPY_G."})
public final class SetCommand extends DeviceCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "WHAT", description = "rtc, localtime, ntptime, hostname, localname.")
    String what;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "The hostname or localname.")
    String value;

    @Option(names = "-utc", paramLabel = "HOURS", description = "Time zone offset in hours (default ${DEFAULT-VALUE}).")
    int utc;

    /** The host's clock; a field so that nothing else decides "now". */
    Clock clock = Clock.systemDefaultZone();

    @Override
    public Integer call() throws Exception {
        if (what == null) {
            return setCurrentDevice();
        }
        switch (what) {
            case "rtc", "localtime", "ntptime" -> {
                if (value != null) {
                    throw new CliException(Main.ExitCodes.USAGE, "set " + what + " takes no value (got '" + value + "')");
                }
            }
            case "hostname", "localname" -> {
                if (value == null || !value.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,31}")) {
                    throw new CliException(Main.ExitCodes.USAGE, "set " + what + " NAME: 1 to 32 letters, digits, '-'"
                            + " or '_', starting with a letter or digit" + (value == null ? "" : " (got '" + value + "')"));
                }
            }
            default -> throw new CliException(Main.ExitCodes.USAGE, "set what? `" + what
                    + "` is not one of rtc, localtime, ntptime, hostname, localname (or use `upyd set -@ NAME`)");
        }
        if (utc < -12 || utc > 14) {
            throw new CliException(Main.ExitCodes.USAGE, "-utc " + utc + ": a time zone offset is -12 to 14 hours");
        }
        return super.call();
    }

    private int setCurrentDevice() {
        boolean global = targets.globalFiles;
        GroupFiles files = new GroupFiles(main.settings());
        PrintWriter out = spec.commandLine().getOut();
        List<String> names = targets.names;
        CurrentDevice chosen;
        if (names.isEmpty()) {
            chosen = files.currentDevice(global).orElseThrow(() -> new CliException(Main.ExitCodes.USAGE,
                    "set which device? `upyd set -@ NAME` (a device of `upyd gg`)"));
        } else {
            if (names.size() > 1) {
                throw new CliException(Main.ExitCodes.USAGE, "set takes one device, not " + String.join(" ", names));
            }
            GroupConfig g = files.global();
            GroupEntry e = g.get(names.get(0)).orElseThrow(() -> new CliException(Main.ExitCodes.USAGE,
                    "Device " + names.get(0) + " not configured in global group; do '$ upyd gg' to see devices global group"));
            chosen = CurrentDevice.of(e);
        }
        out.println("Setting " + GroupListing.DEVICE_TYPE + ": " + chosen.name());
        files.writeCurrentDevice(chosen, global);
        out.println(GroupListing.DEVICE_TYPE + " " + chosen.name() + " settings saved "
                + (global ? "globally!" : "in working directory!"));
        out.flush();
        return 0;
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        PrintWriter out = run.out();
        switch (what) {
            case "rtc", "localtime" -> {
                LocalDateTime t = LocalDateTime.now(clock).withNano(0);
                out.println("Setting local time: " + t.toString().replace('T', ' '));
                run.client().eval(run.device(), rtcCode(t));
            }
            case "ntptime" -> {
                out.println("Setting time UTC" + (utc >= 0 ? "+" : "") + utc + " from an NTP server ...");
                run.client().eval(run.device(), "import ntptime;ntptime.settime()\n"
                        + rtcFromDeviceClock(utc));
            }
            default -> {
                out.println("Setting " + what + ": " + value);
                run.client().eval(run.device(), "f=open('" + what + ".py','w');f.write("
                        + PyStr.of("NAME = " + PyStr.of(value) + "\n") + ");f.close();del f");
                out.println(what + ".py written: it takes effect when boot.py reads it (reset the device)");
            }
        }
        LocalDateTime now = deviceTime(run);
        out.println("Device time: " + now.toString().replace('T', ' '));
        out.flush();
        return 0;
    }

    /** machine.RTC().datetime wants (year, month, day, weekday 0=Monday, hour, minute, second, subseconds). */
    static String rtcCode(LocalDateTime t) {
        return "from machine import RTC;RTC().datetime((" + t.getYear() + "," + t.getMonthValue() + ","
                + t.getDayOfMonth() + "," + (t.getDayOfWeek().getValue() - 1) + "," + t.getHour() + "," + t.getMinute()
                + "," + t.getSecond() + ",0))";
    }

    private static String rtcFromDeviceClock(int hours) {
        return "import time;from machine import RTC;_t=time.localtime(time.time()+" + hours * 3600
                + ");RTC().datetime((_t[0],_t[1],_t[2],_t[6],_t[3],_t[4],_t[5],0));del _t";
    }

    private static LocalDateTime deviceTime(DeviceRun run) throws Exception {
        String[] f = run.client().eval(run.device(), "import time;print(*time.localtime()[:6])").strip().split(" ");
        return LocalDateTime.of(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]));
    }

}
