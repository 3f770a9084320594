fn main() {
    yew::Renderer::<smtp_port_simulator::App>::new().render();
}
