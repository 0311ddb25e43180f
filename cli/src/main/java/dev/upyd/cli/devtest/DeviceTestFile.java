package dev.upyd.cli.devtest;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.yaml.YamlFile;
import dev.upyd.cli.yaml.YamlMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** An upydev device-test file: a YAML list of tests ({@code - name: ...}), all checked before anything runs. */
public record DeviceTestFile(Path path, List<DeviceTest> tests) {

    public static DeviceTestFile read(Path path) {
        String file = path.getFileName().toString();
        Object doc = YamlFile.read(path);
        if (doc == null) {
            throw new CliException(Main.ExitCodes.USAGE, file + ": no tests in the file");
        }
        List<?> entries = YamlMap.list(doc, file);
        List<DeviceTest> tests = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            DeviceTest t = DeviceTest.of(entries.get(i), file, i + 1);
            if (!names.add(t.name())) {
                throw new CliException(Main.ExitCodes.USAGE, file + ": two tests are named '" + t.name()
                        + "' (the results table and the JUnit report tell tests apart by name)");
            }
            tests.add(t);
        }
        if (tests.isEmpty()) {
            throw new CliException(Main.ExitCodes.USAGE, file + ": no tests in the file");
        }
        return new DeviceTestFile(path, tests);
    }

    /** The directory a relative {@code load:} file may also be found in (upydev looks in the cwd only). */
    public Path dir() {
        Path p = path.toAbsolutePath().getParent();
        return p == null ? Path.of(".") : p;
    }
}
