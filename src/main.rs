fn main() {
    smtp_port_simulator::start();
}
