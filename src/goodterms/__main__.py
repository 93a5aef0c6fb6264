from goodterms.cli import main

main()
