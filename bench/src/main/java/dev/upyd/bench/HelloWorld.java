package dev.upyd.bench;

/** P1's baseline: the smallest Java program, started with the CLI's JVM flags. */
public final class HelloWorld {
    private HelloWorld() {
    }

    public static void main(String[] args) {
        System.out.println("1");
    }
}
